package client

import (
	"context"
	"net/url"
	"time"
)

// ContactMethod is one way to reach a person: kind email, sms, voice, slack
// or webhook, and its address.
type ContactMethod struct {
	ID        int64     `json:"id"`
	User      string    `json:"user"`
	Kind      string    `json:"kind"`
	Address   string    `json:"address"`
	Label     string    `json:"label"`
	CreatedAt time.Time `json:"created_at"`
}

// NewContactMethod is what it takes to add a contact method.
type NewContactMethod struct {
	Kind    string `json:"kind"`
	Address string `json:"address"`
	Label   string `json:"label,omitempty"`
}

// NotificationRule notifies a person through one of their contact methods
// once a page has gone unacknowledged for DelaySeconds.
type NotificationRule struct {
	ID              int64     `json:"id"`
	User            string    `json:"user"`
	ContactMethodID int64     `json:"contact_method_id"`
	DelaySeconds    int64     `json:"delay_seconds"`
	CreatedAt       time.Time `json:"created_at"`
}

// Delay is how long after the page the rule fires.
func (r NotificationRule) Delay() time.Duration { return time.Duration(r.DelaySeconds) * time.Second }

// contactsPath is the base of user's contact resources; an empty user is
// the caller.
func contactsPath(user, resource string) string {
	if user == "" {
		user = "@me"
	}
	return "/api/v1/users/" + url.PathEscape(user) + "/" + resource
}

// ContactMethods lists user's contact methods (yours when empty).
func (c *Client) ContactMethods(ctx context.Context, user string) ([]ContactMethod, error) {
	var out struct {
		ContactMethods []ContactMethod `json:"contact_methods"`
	}
	err := c.do(ctx, "GET", contactsPath(user, "contact-methods"), nil, nil, &out)
	return out.ContactMethods, err
}

// AddContactMethod adds a way to reach user (yourself when empty).
func (c *Client) AddContactMethod(ctx context.Context, user string, m NewContactMethod) (ContactMethod, error) {
	var out ContactMethod
	err := c.do(ctx, "POST", contactsPath(user, "contact-methods"), nil, m, &out)
	return out, err
}

// RemoveContactMethod removes user's contact method id and its rules.
func (c *Client) RemoveContactMethod(ctx context.Context, user string, id int64) error {
	return c.do(ctx, "DELETE", contactsPath(user, "contact-methods/"+itoa(id)), nil, nil, nil)
}

// NotificationRules lists user's notification rules (yours when empty), by delay.
func (c *Client) NotificationRules(ctx context.Context, user string) ([]NotificationRule, error) {
	var out struct {
		NotificationRules []NotificationRule `json:"notification_rules"`
	}
	err := c.do(ctx, "GET", contactsPath(user, "notification-rules"), nil, nil, &out)
	return out.NotificationRules, err
}

// AddNotificationRule notifies user through contact method methodID once a
// page has waited after unacknowledged. The server takes whole seconds.
func (c *Client) AddNotificationRule(ctx context.Context, user string, methodID int64, after time.Duration) (NotificationRule, error) {
	in := map[string]int64{"contact_method_id": methodID, "delay_seconds": int64(after / time.Second)}
	var out NotificationRule
	err := c.do(ctx, "POST", contactsPath(user, "notification-rules"), nil, in, &out)
	return out, err
}

// RemoveNotificationRule removes user's notification rule id.
func (c *Client) RemoveNotificationRule(ctx context.Context, user string, id int64) error {
	return c.do(ctx, "DELETE", contactsPath(user, "notification-rules/"+itoa(id)), nil, nil, nil)
}
