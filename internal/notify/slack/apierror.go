package slack

// APIError is Slack's {"ok": false, "error": code} answer.
type APIError struct {
	Code    string
	Channel string
}

func (e *APIError) Error() string {
	return "slack: chat.postMessage to " + e.Channel + " failed: " + e.Code + hint(e.Code)
}

// retryableAPIError says which Web API errors may pass: Slack being busy or
// broken. Everything else (channel_not_found, not_in_channel, invalid_auth,
// token_revoked, is_archived, msg_too_long, ...) needs a person to fix the
// configuration, and retrying would only add load.
func retryableAPIError(code string) bool {
	switch code {
	case "ratelimited", "rate_limited", "internal_error", "fatal_error",
		"service_unavailable", "request_timeout", "team_added_to_org":
		return true
	}
	return false
}

// hint tells an admin what to do about the errors they will meet first.
func hint(code string) string {
	switch code {
	case "not_in_channel":
		return " (invite the sitrep app to the channel)"
	case "channel_not_found":
		return " (use the channel ID, such as C0123456789, not its name)"
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
		return " (the bot token is not valid; reinstall the app and update the token)"
	case "missing_scope":
		return " (the app needs the chat:write scope)"
	}
	return ""
}
