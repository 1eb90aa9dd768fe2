package statuspage

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"sitrep/internal/problem"
)

// postable reports whether path takes a POST: the subscription forms only.
func postable(path string) bool {
	return path == "/subscribe" || strings.HasPrefix(path, "/subscribe/confirm/") || strings.HasPrefix(path, "/unsubscribe/")
}

// noticePage is the data of the small pages the subscription forms answer with.
type noticePage struct {
	Title, Message, Field string
	// Token and Unsubscribe make the page a form with one button.
	Token       string
	Unsubscribe bool
}

func (h *Handler) page(w http.ResponseWriter, status int, p noticePage) {
	res, err := renderHTML(status, "notice.html", p)
	if err != nil {
		h.logger.Error("status page", "err", err)
		http.Error(w, "The status page is briefly unavailable; try again in a few seconds.", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", res.contentType)
	// These answers are about one person's request: never cached.
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(res.body)
}

// sameOrigin refuses form posts that a browser says come from another
// site. Mail providers' one-click unsubscribe sends no Origin and passes.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return o == ""
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

func (h *Handler) subscribe(w http.ResponseWriter, r *http.Request) {
	if !h.svc.MailEnabled() {
		h.page(w, http.StatusNotFound, noticePage{Title: "Subscriptions unavailable", Message: "Email subscriptions are not available on this status page. Follow the Atom feed instead."})
		return
	}
	if !sameOrigin(r) {
		h.page(w, http.StatusForbidden, noticePage{Title: "Form refused", Message: "Subscribe from the form on this status page."})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxFormBytes+1))
	if err != nil {
		h.page(w, http.StatusBadRequest, noticePage{Title: "Form not received", Message: "The form did not arrive whole; try again."})
		return
	}
	email, err := ParseSubscribe(r.Header.Get("Content-Type"), body)
	if err == nil {
		var res SubscribeResult
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
		defer cancel()
		res, err = h.svc.Subscribe(ctx, email, clientOf(r))
		switch {
		case err != nil:
		case res == TooSoonForAddress:
			w.Header().Set("Retry-After", "3600")
			h.page(w, http.StatusTooManyRequests, noticePage{Title: "Confirmation already sent",
				Message: "We sent a confirmation to this address less than an hour ago. Check your inbox and spam folder, or try again in an hour."})
			return
		case res == TooManyFromClient:
			w.Header().Set("Retry-After", "3600")
			h.page(w, http.StatusTooManyRequests, noticePage{Title: "Too many requests",
				Message: "Too many subscribe requests came from your network in the last hour. Try again in an hour."})
			return
		default:
			h.page(w, http.StatusOK, noticePage{Title: "Check your inbox",
				Message: "If this address is not subscribed yet, we sent it a link to confirm. Nothing more is sent until you confirm."})
			return
		}
	}
	h.fail(w, err)
}

// fail answers a refused request with a page naming the field.
func (h *Handler) fail(w http.ResponseWriter, err error) {
	if p, ok := problem.As(err); ok {
		status := http.StatusBadRequest
		switch p.Kind {
		case problem.NotFound:
			status = http.StatusNotFound
		case problem.Conflict:
			status = http.StatusConflict
		}
		h.page(w, status, noticePage{Title: "Please check the form", Field: p.Field, Message: p.Message})
		return
	}
	h.logger.Error("status page subscription", "err", err)
	h.page(w, http.StatusServiceUnavailable, noticePage{Title: "Briefly unavailable", Message: "Subscriptions are briefly unavailable; try again in a few minutes."})
}

// linkPage shows a button for a link from a mail. Following the link
// changes nothing: mail scanners fetch every link, and must not confirm or
// unsubscribe anyone.
func (h *Handler) linkPage(unsubscribe bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := r.PathValue("token")
		if !h.svc.CheckToken(r.Context(), unsubscribe, tok) {
			h.page(w, http.StatusNotFound, noticePage{Title: "Link not valid", Message: "This link is not valid; it may have been mistyped or the subscription removed."})
			return
		}
		p := noticePage{Title: "Confirm your subscription", Message: "Press the button to receive status updates by email.", Token: tok}
		if unsubscribe {
			p = noticePage{Title: "Unsubscribe", Message: "Press the button to stop receiving status updates by email.", Token: tok, Unsubscribe: true}
		}
		h.page(w, http.StatusOK, p)
	}
}

func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		h.page(w, http.StatusForbidden, noticePage{Title: "Form refused", Message: "Confirm from the page the link in your mail opens."})
		return
	}
	if _, err := h.svc.Confirm(r.Context(), r.PathValue("token")); err != nil {
		h.fail(w, err)
		return
	}
	h.page(w, http.StatusOK, noticePage{Title: "Subscribed", Message: "You will receive an email when we post about an incident or maintenance. Every mail has a link to unsubscribe."})
}

// unsubscribe is the button's target and the RFC 8058 one-click target.
func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		h.page(w, http.StatusForbidden, noticePage{Title: "Form refused", Message: "Unsubscribe from the page the link in your mail opens."})
		return
	}
	_, err := h.svc.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil && !problem.Is(err, problem.Conflict) {
		h.fail(w, err)
		return
	}
	h.page(w, http.StatusOK, noticePage{Title: "Unsubscribed", Message: "You will receive no more status updates by email."})
}

// clientOf is the address limits are counted by: the peer's IP. Behind a
// proxy every reader shares the proxy's address; see the operations notes.
func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
