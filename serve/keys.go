package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	gossh "golang.org/x/crypto/ssh"
	"sigs.k8s.io/yaml"

	"github.com/sensu-tui/sensu-tui/client"
)

// KeyMap is the --key-map file: SSH keys that open the dashboard straight
// away, each with its own Sensu connection. A key listed here is authorised
// even when it is not in the authorized-keys file. The file holds API keys,
// so it must not be readable by group or others (chmod 600), or the server
// refuses it. It is YAML (JSON is YAML too):
//
//	# ssh-keygen -lf ~/.ssh/id_ed25519.pub prints the fingerprint.
//	keys:
//	  - fingerprint: SHA256:2mhMTY7TXJ4NrzYtDAl6bPd7pPMcLGVUbgrCOBN0LyA
//	    url: https://sensu.example.com:8080
//	    api_key: 83abef1e-e7d7-4beb-91fc-79ad90084d5b
//	    namespace: production        # optional; default "default"
//	  - fingerprint: SHA256:vJ0pAfl8dX0gqOEaD8cBoXsXv6Y3pr8Z7yLLVUhOQ3c
//	    url: https://sensu.example.com:8080
//	    api_key: 1f7e0c4b-51b8-4bd0-9c43-5a3e8a1c2d90
//	    namespace: dev
//	    trusted_ca_file: /etc/sensu/ca.pem   # optional, for a private CA
type KeyMap struct {
	Keys []KeyMapping `json:"keys"`
}

// KeyMapping is one entry of a KeyMap.
type KeyMapping struct {
	// Fingerprint is the key's SHA256 fingerprint as ssh-keygen -l prints
	// it, "SHA256:" included.
	Fingerprint   string `json:"fingerprint"`
	URL           string `json:"url"`
	APIKey        string `json:"api_key"`
	Namespace     string `json:"namespace,omitempty"`
	TrustedCAFile string `json:"trusted_ca_file,omitempty"`
}

func (m KeyMapping) clientConfig() client.Config {
	return client.Config{URL: m.URL, APIKey: m.APIKey, Namespace: m.Namespace, TrustedCAFile: m.TrustedCAFile}
}

// keySet is who may log in: fingerprints from the authorized-keys file, and
// the key map's entries by fingerprint.
type keySet struct {
	authorised map[string]bool
	mapped     map[string]KeyMapping
}

func (k keySet) allows(fingerprint string) bool {
	_, mapped := k.mapped[fingerprint]
	return mapped || k.authorised[fingerprint]
}

func (k keySet) size() int { return len(k.authorised) + len(k.mapped) }

// keyFiles reads the key files afresh for every login, as sshd does, so a
// key removed from a file is refused without a restart.
type keyFiles struct {
	authorizedKeys, keyMap string
}

func (f keyFiles) load() (keySet, error) {
	ks := keySet{authorised: map[string]bool{}, mapped: map[string]KeyMapping{}}
	if f.authorizedKeys != "" {
		// As sshd's StrictModes: whoever can write the file can let anyone in.
		if err := checkMode(f.authorizedKeys, "authorized keys file", 0o022, "chmod go-w"); err != nil {
			return ks, err
		}
		data, err := os.ReadFile(f.authorizedKeys)
		if err != nil {
			return ks, fmt.Errorf("reading the authorized keys: %w", err)
		}
		if err := parseAuthorizedKeys(data, ks.authorised); err != nil {
			return ks, fmt.Errorf("%s: %w", f.authorizedKeys, err)
		}
	}
	if f.keyMap != "" {
		m, err := readKeyMap(f.keyMap)
		if err != nil {
			return ks, err
		}
		for _, e := range m.Keys {
			ks.mapped[e.Fingerprint] = e
		}
	}
	return ks, nil
}

// parseAuthorizedKeys adds the fingerprint of every key in an
// authorized_keys file to into.
func parseAuthorizedKeys(data []byte, into map[string]bool) error {
	for rest := data; len(bytes.TrimSpace(rest)) > 0; {
		key, _, options, next, err := gossh.ParseAuthorizedKey(rest)
		if err != nil {
			// Past the last key only blank lines, comments or lines that
			// are not keys remain; sshd ignores those too.
			return nil
		}
		// Options such as from= or restrict would be silently ignored here,
		// letting a key in more widely than the file says.
		if len(options) > 0 {
			return fmt.Errorf("key %s has options (%s), which sensu-tui serve does not support; remove them",
				gossh.FingerprintSHA256(key), strings.Join(options, ","))
		}
		into[gossh.FingerprintSHA256(key)] = true
		rest = next
	}
	return nil
}

// readKeyMap reads and checks a key map. Errors never quote the file's
// content, which holds API keys.
func readKeyMap(path string) (KeyMap, error) {
	var m KeyMap
	if err := requirePrivate(path, "key map"); err != nil {
		return m, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return m, fmt.Errorf("reading the key map: %w", err)
	}
	if err := yaml.UnmarshalStrict(data, &m); err != nil {
		return m, fmt.Errorf("key map %s: %w", path, err)
	}
	seen := map[string]bool{}
	for i, e := range m.Keys {
		problem := ""
		switch {
		case !strings.HasPrefix(e.Fingerprint, "SHA256:"):
			problem = `fingerprint must start with "SHA256:" (see ssh-keygen -lf KEY.pub)`
		case seen[e.Fingerprint]:
			problem = "fingerprint " + e.Fingerprint + " is listed twice"
		case e.URL == "":
			problem = "url is missing"
		case e.APIKey == "":
			problem = "api_key is missing"
		}
		if problem != "" {
			return m, fmt.Errorf("key map %s: entry %d: %s", path, i+1, problem)
		}
		seen[e.Fingerprint] = true
	}
	return m, nil
}

// checkClients builds a client from every key map entry once, so a bad URL
// or CA file stops the server at start rather than greeting a user.
func (k keySet) checkClients() error {
	for fp, m := range k.mapped {
		if _, err := client.New(m.clientConfig()); err != nil {
			return fmt.Errorf("key map entry %s: %w", fp, err)
		}
	}
	return nil
}

// requirePrivate refuses a secret file that group or others may read or
// write, as sshd refuses an unprotected private key.
func requirePrivate(path, what string) error {
	return checkMode(path, what, 0o077, "chmod 600")
}

// checkMode refuses a file with any of the forbidden permission bits and
// says which command fixes it. Windows ACLs are not mode bits.
func checkMode(path, what string, forbidden fs.FileMode, fix string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&forbidden != 0 {
		return fmt.Errorf("%s %s is open to other users (mode %04o); run: %s %s", what, path, fi.Mode().Perm(), fix, path)
	}
	return nil
}

// loadHostKey reads the host key at path, first generating an ed25519 key
// there (mode 0600) when there is none.
func loadHostKey(path string) (gossh.Signer, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := writeHostKey(path); err != nil {
			return nil, fmt.Errorf("generating the host key: %w", err)
		}
	}
	if err := requirePrivate(path, "host key"); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the host key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, nil
}

// writeHostKey writes a new ed25519 key. It creates a missing directory
// 0700 but never changes the mode of one that exists (keygen, which wish
// uses, would chmod it), and never overwrites a file.
func writeHostKey(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := gossh.MarshalPrivateKey(priv, "sensu-tui serve host key")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}
