package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"sitrep/internal/auth"
	"sitrep/internal/contact"
)

// OwnerPath names whose contact methods a request is about. "@me" is not a
// valid handle, so it always means the caller.
type OwnerPath struct {
	Handle string `path:"handle" doc:"Handle of the user, or @me for yourself" example:"laura"`
}

type OwnedIDPath struct {
	OwnerPath
	ID int64 `path:"id" minimum:"1"`
}

type addMethodIn struct {
	OwnerPath
	Body struct {
		Kind    string `json:"kind" enum:"email,sms,voice,slack,webhook"`
		Address string `json:"address" maxLength:"2048" example:"laura@example.com" doc:"Email address; phone number in E.164 form (+14155550100) for sms and voice; Slack incoming-webhook URL or channel ID; webhook URL"`
		Label   string `json:"label,omitempty" required:"false" maxLength:"100" doc:"What the method is, such as \"work phone\""`
	}
}

type methodOut struct {
	Body contact.ContactMethod
}

type methodsOut struct {
	Body struct {
		ContactMethods []contact.ContactMethod `json:"contact_methods"`
	}
}

type addRuleIn struct {
	OwnerPath
	Body struct {
		ContactMethodID int64 `json:"contact_method_id" minimum:"1"`
		DelaySeconds    int64 `json:"delay_seconds" minimum:"0" maximum:"3600" doc:"Notify once the page has gone this long unacknowledged; 0 is at once"`
	}
}

type ruleOut struct {
	Body contact.NotificationRule
}

type rulesOut struct {
	Body struct {
		NotificationRules []contact.NotificationRule `json:"notification_rules"`
	}
}

// contactsRoutes serves each person's contact methods and notification
// rules. Any signed-in user may call them for themselves; the domain lets
// only admins touch someone else's.
func (s *Server) contactsRoutes() {
	tags := []string{"contact methods"}
	register(s, auth.Viewer, huma.Operation{OperationID: "list-contact-methods", Method: http.MethodGet, Path: "/api/v1/users/{handle}/contact-methods",
		Summary: "List a user's contact methods (your own, or anyone's as admin)", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *OwnerPath) (*methodsOut, error) {
			ms, err := s.deps.Contacts.Methods(ctx, p, in.Handle)
			out := &methodsOut{}
			out.Body.ContactMethods = ms
			return out, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "add-contact-method", Method: http.MethodPost, Path: "/api/v1/users/{handle}/contact-methods",
		Summary: "Add a way to reach a user", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *addMethodIn) (*methodOut, error) {
			b := in.Body
			m, err := s.deps.Contacts.AddMethod(ctx, p, in.Handle, contact.NewMethod{Kind: contact.Kind(b.Kind), Address: b.Address, Label: b.Label})
			return &methodOut{Body: m}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "remove-contact-method", Method: http.MethodDelete, Path: "/api/v1/users/{handle}/contact-methods/{id}",
		Summary: "Remove a contact method and the rules that use it", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *OwnedIDPath) (*struct{}, error) {
			return nil, s.deps.Contacts.RemoveMethod(ctx, p, in.Handle, in.ID)
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "list-notification-rules", Method: http.MethodGet, Path: "/api/v1/users/{handle}/notification-rules",
		Summary: "List a user's notification rules by delay; with none, every method is notified at once", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *OwnerPath) (*rulesOut, error) {
			rs, err := s.deps.Contacts.Rules(ctx, p, in.Handle)
			out := &rulesOut{}
			out.Body.NotificationRules = rs
			return out, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "add-notification-rule", Method: http.MethodPost, Path: "/api/v1/users/{handle}/notification-rules",
		Summary: "Notify a user through one of their methods once a page waits unacknowledged", Tags: tags},
		func(ctx context.Context, p auth.Principal, in *addRuleIn) (*ruleOut, error) {
			b := in.Body
			r, err := s.deps.Contacts.AddRule(ctx, p, in.Handle, b.ContactMethodID, time.Duration(b.DelaySeconds)*time.Second)
			return &ruleOut{Body: r}, err
		})
	register(s, auth.Viewer, huma.Operation{OperationID: "remove-notification-rule", Method: http.MethodDelete, Path: "/api/v1/users/{handle}/notification-rules/{id}",
		Summary: "Remove a notification rule", Tags: tags, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, p auth.Principal, in *OwnedIDPath) (*struct{}, error) {
			return nil, s.deps.Contacts.RemoveRule(ctx, p, in.Handle, in.ID)
		})
}
