package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file under its versioned name.
type asset struct {
	body []byte
	mime string
}

// assets maps versioned names ("app.3f2a9c1d.css") to files, and versioned
// to the plain name each replaces. A versioned name changes whenever the file
// does, so browsers may cache it for a year; pages link only versioned names.
var assets, versioned = loadAssets()

func loadAssets() (map[string]asset, map[string]string) {
	byName, plain := map[string]asset{}, map[string]string{}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		body, err := fs.ReadFile(staticFS, "static/"+e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		v := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:5]) + ext
		byName[v] = asset{body: body, mime: mime.TypeByExtension(ext)}
		plain[e.Name()] = v
	}
	return byName, plain
}

// assetPath returns the URL of static file name, versioned by its content.
func assetPath(name string) string { return "/static/" + versioned[name] }

// Static serves GET /static/{name}: the versioned names cached for a year,
// immutable. Assets hold no secrets and the sign-in page uses them, so they
// are served without credentials.
func Static() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets[r.PathValue("name")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.mime)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		_, _ = w.Write(a.body)
	})
}
