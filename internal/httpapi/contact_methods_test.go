package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Laura, joining the rotation, sets up her pager through the public client:
// email at once, SMS after two minutes. She removes the SMS again and its
// rule goes with it.
func TestLauraSetsUpHowSheIsPaged(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		laura := in.User(t, "laura", "responder")

		mail := must(laura.AddContactMethod(ctx, "", client.NewContactMethod{Kind: "email", Address: "laura@example.com"}))(t)
		mobile := must(laura.AddContactMethod(ctx, "laura", client.NewContactMethod{Kind: "sms", Address: "+41791234567", Label: "mobile"}))(t)
		if mobile.User != "laura" || mobile.Label != "mobile" || mobile.ID == mail.ID {
			t.Fatalf("added %+v after %+v", mobile, mail)
		}
		must(laura.AddNotificationRule(ctx, "", mail.ID, 0))(t)
		sms := must(laura.AddNotificationRule(ctx, "", mobile.ID, 2*time.Minute))(t)
		if sms.Delay() != 2*time.Minute || sms.ContactMethodID != mobile.ID {
			t.Errorf("rule %+v, want the mobile after 2m", sms)
		}
		ms := must(laura.ContactMethods(ctx, ""))(t)
		if len(ms) != 2 || ms[0].Address != "laura@example.com" || ms[1].Address != "+41791234567" {
			t.Errorf("methods %+v", ms)
		}
		rs := must(laura.NotificationRules(ctx, "laura"))(t)
		if len(rs) != 2 || rs[0].DelaySeconds != 0 || rs[1].DelaySeconds != 120 {
			t.Errorf("rules %+v, want 0 s then 120 s", rs)
		}

		if err := laura.RemoveContactMethod(ctx, "", mobile.ID); err != nil {
			t.Fatal(err)
		}
		rs = must(laura.NotificationRules(ctx, ""))(t)
		if len(rs) != 1 || rs[0].ContactMethodID != mail.ID {
			t.Errorf("rules after removing the mobile: %+v", rs)
		}
		if err := laura.RemoveNotificationRule(ctx, "", rs[0].ID); err != nil {
			t.Fatal(err)
		}
		if rs := must(laura.NotificationRules(ctx, ""))(t); len(rs) != 0 {
			t.Errorf("rules after removing the last: %+v", rs)
		}
	})
}

// Sam is on holiday; Laura cannot redirect his pages, but the admin can set
// them up for him.
func TestOnlyTheOwnerOrAnAdminManagesContactMethods(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		laura := in.User(t, "laura", "responder")
		in.User(t, "sam", "responder")
		phone := client.NewContactMethod{Kind: "sms", Address: "+14155550100"}

		_, err := laura.AddContactMethod(ctx, "sam", phone)
		if e, ok := err.(*client.Error); !ok || e.Status != http.StatusForbidden {
			t.Fatalf("laura adds sam's phone: %v, want 403", err)
		}
		if _, err := laura.ContactMethods(ctx, "sam"); err == nil {
			t.Error("laura read sam's contact methods")
		}
		m := must(in.Admin.AddContactMethod(ctx, "sam", phone))(t)
		if m.User != "sam" {
			t.Errorf("admin added %+v, want sam's", m)
		}
		if err := laura.RemoveContactMethod(ctx, "sam", m.ID); err == nil {
			t.Error("laura removed sam's phone")
		}
		if _, err := laura.AddNotificationRule(ctx, "", m.ID, 0); err == nil {
			t.Error("laura made a rule for sam's phone")
		}
		if ms := must(in.Admin.ContactMethods(ctx, "sam"))(t); len(ms) != 1 {
			t.Errorf("sam's methods, read by the admin: %+v", ms)
		}
	})
}

// A phone or email that cannot be one, and a webhook aimed at the cloud
// metadata service, are refused with problem+json naming body.address, and
// nothing is stored.
func TestBadContactMethodsNameTheField(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		in.User(t, "laura", "responder")
		token := must(in.Admin.CreateToken(context.Background(), "laura", "raw"))(t).Secret
		methods := "/api/v1/users/@me/contact-methods"
		if a := call(t, in.URL, token, http.MethodPost, methods, []byte(`{"kind":"email","address":"laura@example.com"}`)); a.Status != http.StatusCreated {
			t.Fatalf("good method: %d %s", a.Status, a.Body)
		}
		cases := []refusal{
			{"bad phone", "POST", methods, `{"kind":"sms","address":"0791 23 45 67"}`, 422, "body.address"},
			{"bad email", "POST", methods, `{"kind":"email","address":"laura at example"}`, 422, "body.address"},
			{"metadata webhook", "POST", methods, `{"kind":"webhook","address":"http://169.254.169.254/latest/meta-data/"}`, 422, "body.address"},
			{"link-local slack hook", "POST", methods, `{"kind":"slack","address":"https://[fe80::1]/hook"}`, 422, "body.address"},
			{"NUL in an address", "POST", methods, `{"kind":"email","address":"laura\u0000@example.com"}`, 422, "body.address"},
			{"unknown kind", "POST", methods, `{"kind":"pager","address":"123"}`, 422, "body.kind"},
			{"same address twice", "POST", methods, `{"kind":"email","address":"laura@example.com"}`, 409, "body.address"},
			{"rule for no method", "POST", "/api/v1/users/@me/notification-rules", `{"contact_method_id":999,"delay_seconds":0}`, 422, "body.contact_method_id"},
			{"rule past an hour", "POST", "/api/v1/users/@me/notification-rules", `{"contact_method_id":1,"delay_seconds":3601}`, 422, "body.delay_seconds"},
			{"unknown method", "DELETE", methods + "/999", "", 404, "path.id"},
			{"someone else's", "GET", "/api/v1/users/admin/contact-methods", "", 403, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var body []byte
				if c.body != "" {
					body = []byte(c.body)
				}
				a := call(t, in.URL, token, c.method, c.path, body)
				if a.Status != c.status {
					t.Fatalf("status %d, want %d: %s", a.Status, c.status, a.Body)
				}
				p := a.problem(t)
				if c.location != "" && !slices.Contains(p.locations(), c.location) {
					t.Errorf("problem names %v, want %s: %s", p.locations(), c.location, a.Body)
				}
			})
		}
		var list struct {
			ContactMethods []json.RawMessage `json:"contact_methods"`
		}
		getJSON(t, in.URL, token, methods, &list)
		if len(list.ContactMethods) != 1 {
			t.Errorf("%d methods stored, want only the good one", len(list.ContactMethods))
		}
		if a := call(t, in.URL, token, http.MethodGet, "/api/v1/openapi.json", nil); !strings.Contains(string(a.Body), "notification-rules") {
			t.Error("the OpenAPI document does not list the notification rules")
		}
	})
}
