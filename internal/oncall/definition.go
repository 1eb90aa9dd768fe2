package oncall

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/problem"
)

// MaxDescription is the longest schedule description, in characters. A
// description says who the rotation is for and how to reach them; anything
// longer belongs in a runbook that the description links to.
const MaxDescription = 2000

// Definition is a schedule as it is stored and shown: the calculator's
// rotation layers plus what people add around them. Overrides lists the
// overrides that have not ended yet, in start order; lists of schedules leave
// it out.
type Definition struct {
	ID          int64            `json:"id"`
	Name        string           `json:"name"`
	Description string           `json:"description"`
	TimeZone    string           `json:"time_zone"`
	Layers      []Layer          `json:"layers"`
	Overrides   []StoredOverride `json:"overrides,omitempty"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`
}

// StoredOverride is an Override with its id and who made it. The id is what
// RemoveOverride takes.
type StoredOverride struct {
	ID        int64     `json:"id"`
	User      string    `json:"user"`
	Replaces  string    `json:"replaces,omitempty"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Override returns the part of o the calculator reads.
func (o StoredOverride) Override() Override {
	return Override{User: o.User, Replaces: o.Replaces, Start: o.Start, End: o.End}
}

// Schedule returns d ready for the calculator.
func (d Definition) Schedule() Schedule {
	s := Schedule{Name: d.Name, TimeZone: d.TimeZone, Layers: d.Layers}
	for _, o := range d.Overrides {
		s.Overrides = append(s.Overrides, o.Override())
	}
	return s
}

// Spec is what it takes to create a schedule or replace one's rotation.
type Spec struct {
	Name        string
	Description string
	TimeZone    string
	Layers      []Layer
}

// validate checks spec as the calculator would, plus the description. It
// runs before anything is read from the database, so that a bad zone is
// reported as such even when a layer also names an unknown user.
func (sp Spec) validate() error {
	s := Schedule{Name: sp.Name, TimeZone: sp.TimeZone, Layers: sp.Layers}
	if err := s.Validate(); err != nil {
		return err
	}
	if !utf8.ValidString(sp.Description) || strings.ContainsRune(sp.Description, 0) {
		return problem.Invalidf("description", "must be valid UTF-8 text")
	}
	if n := utf8.RuneCountInString(sp.Description); n > MaxDescription {
		return problem.Invalidf("description", "must be at most %d characters (got %d); link to a runbook for more", MaxDescription, n)
	}
	return nil
}

// members lists every handle the layers name, each once, with the field of
// its first mention, so that an unknown user is reported where it appears.
func (sp Spec) members() (handles, fields []string) {
	seen := map[string]bool{}
	for i, l := range sp.Layers {
		for j, m := range l.Members {
			if !seen[m] {
				seen[m] = true
				handles = append(handles, m)
				fields = append(fields, fmt.Sprintf("layers[%d].members[%d]", i, j))
			}
		}
	}
	return handles, fields
}

// NewOverride is a request to change who is on call for a while. An empty
// User means the caller ("I take it"); a zero Start means now.
type NewOverride struct {
	User     string
	Replaces string
	Start    time.Time
	End      time.Time
}
