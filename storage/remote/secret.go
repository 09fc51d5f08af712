package remote

import (
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
)

// Secret holds the credentials and connection options of an S3-compatible
// store, as given by CREATE SECRET (TYPE s3, ...).
type Secret struct {
	Name         string
	KeyID        string
	Secret       string
	SessionToken string
	Region       string
	// Endpoint is host[:port], or a URL whose scheme sets UseSSL.
	Endpoint string
	// URLStyle is "path", "vhost" or "" (automatic).
	URLStyle string
	// UseSSL is nil for the default (TLS on, unless Endpoint says http://).
	UseSSL *bool
	// Scope lists URL prefixes the secret applies to; empty means all.
	Scope []string
}

var secrets struct {
	mu     sync.RWMutex
	byName map[string]*Secret
}

// SecretOption parses one CREATE SECRET option into s. Keys are case
// insensitive; values are strings (or lists of strings for SCOPE).
func (s *Secret) SetOption(key string, vals []string) error {
	val := ""
	if len(vals) > 0 {
		val = vals[0]
	}
	switch strings.ToLower(key) {
	case "type":
		if strings.ToLower(val) != "s3" {
			return fmt.Errorf("Invalid Input Error: secret type %q is not supported (only s3)", val)
		}
	case "provider":
		switch strings.ToLower(val) {
		case "config", "credential_chain", "env":
		default:
			return fmt.Errorf("Invalid Input Error: secret provider %q is not supported (config or credential_chain)", val)
		}
	case "key_id":
		s.KeyID = val
	case "secret":
		s.Secret = val
	case "session_token":
		s.SessionToken = val
	case "region":
		s.Region = val
	case "endpoint":
		s.Endpoint = val
	case "url_style":
		switch v := strings.ToLower(val); v {
		case "path", "vhost", "":
			s.URLStyle = v
		default:
			return fmt.Errorf("Invalid Input Error: URL_STYLE must be 'path' or 'vhost', not %q", val)
		}
	case "use_ssl":
		var b bool
		switch strings.ToLower(val) {
		case "true", "1", "on", "yes":
			b = true
		case "false", "0", "off", "no":
		default:
			return fmt.Errorf("Invalid Input Error: USE_SSL must be true or false, not %q", val)
		}
		s.UseSSL = &b
	case "scope":
		s.Scope = append(s.Scope, vals...)
	default:
		return fmt.Errorf("Invalid Input Error: unknown secret option %q", key)
	}
	return nil
}

// CreateSecret registers s. An existing secret of the same name is an
// error unless orReplace; ifNotExists keeps an existing one.
func CreateSecret(s *Secret, orReplace, ifNotExists bool) error {
	name := strings.ToLower(s.Name)
	if name == "" {
		name = "__default_s3"
	}
	secrets.mu.Lock()
	defer secrets.mu.Unlock()
	if secrets.byName == nil {
		secrets.byName = map[string]*Secret{}
	}
	if _, ok := secrets.byName[name]; ok && !orReplace {
		if ifNotExists {
			return nil
		}
		return fmt.Errorf("Invalid Input Error: secret %q already exists", s.Name)
	}
	c := *s
	c.Name = name
	secrets.byName[name] = &c
	clearClients()
	return nil
}

// DropSecret removes a secret; a missing one is an error unless ifExists.
func DropSecret(name string, ifExists bool) error {
	name = strings.ToLower(name)
	secrets.mu.Lock()
	defer secrets.mu.Unlock()
	if _, ok := secrets.byName[name]; !ok {
		if ifExists {
			return nil
		}
		return fmt.Errorf("Invalid Input Error: secret %q does not exist", name)
	}
	delete(secrets.byName, name)
	clearClients()
	return nil
}

// SecretInfo describes a registered secret without its credentials.
type SecretInfo struct {
	Name  string
	Type  string
	Scope []string
}

// Secrets lists the registered secrets, credentials redacted.
func Secrets() []SecretInfo {
	secrets.mu.RLock()
	defer secrets.mu.RUnlock()
	out := make([]SecretInfo, 0, len(secrets.byName))
	for _, s := range secrets.byName {
		out = append(out, SecretInfo{Name: s.Name, Type: "s3", Scope: append([]string(nil), s.Scope...)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// secretFor picks the secret for an s3:// URL: the one whose scope is the
// longest prefix of the URL, an unscoped one, or the AWS environment.
func secretFor(rawURL string) Secret {
	secrets.mu.RLock()
	defer secrets.mu.RUnlock()
	var best *Secret
	bestLen := -1
	names := make([]string, 0, len(secrets.byName))
	for n := range secrets.byName {
		names = append(names, n)
	}
	sort.Strings(names) // deterministic among equals
	for _, n := range names {
		s := secrets.byName[n]
		if len(s.Scope) == 0 {
			if bestLen < 0 {
				best, bestLen = s, 0
			}
			continue
		}
		for _, sc := range s.Scope {
			if strings.HasPrefix(rawURL, sc) && len(sc) > bestLen {
				best, bestLen = s, len(sc)
			}
		}
	}
	if best != nil {
		return *best
	}
	return envSecret()
}

// envSecret reads the standard AWS environment variables.
func envSecret() Secret {
	s := Secret{
		KeyID:        os.Getenv("AWS_ACCESS_KEY_ID"),
		Secret:       os.Getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken: os.Getenv("AWS_SESSION_TOKEN"),
		Region:       os.Getenv("AWS_REGION"),
		Endpoint:     os.Getenv("AWS_ENDPOINT_URL_S3"),
	}
	if s.Region == "" {
		s.Region = os.Getenv("AWS_DEFAULT_REGION")
	}
	if s.Endpoint == "" {
		s.Endpoint = os.Getenv("AWS_ENDPOINT_URL")
	}
	return s
}

// Redact replaces every known secret value in s with "***".
func Redact(s string) string {
	var vals []string
	secrets.mu.RLock()
	for _, sec := range secrets.byName {
		vals = append(vals, sec.Secret, sec.SessionToken, sec.KeyID)
	}
	secrets.mu.RUnlock()
	env := envSecret()
	vals = append(vals, env.Secret, env.SessionToken, env.KeyID)
	for _, v := range vals {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "***")
		}
	}
	return s
}

// isCredentialParam reports whether a URL query parameter carries
// credentials (pre-signed URLs, SAS tokens, API keys).
func isCredentialParam(k string) bool {
	k = strings.ToLower(k)
	for _, p := range []string{"signature", "credential", "token", "secret", "password", "key", "sig", "auth"} {
		if strings.Contains(k, p) {
			return true
		}
	}
	return false
}

// RedactURL removes passwords and credential query parameters from a URL
// for messages.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return Redact(raw)
	}
	changed := false
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "***")
			changed = true
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if isCredentialParam(k) {
				q.Set(k, "***")
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	if !changed {
		return Redact(raw)
	}
	return Redact(strings.ReplaceAll(u.String(), "%2A%2A%2A", "***"))
}
