package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	tests := map[string]struct {
		in, want string
	}{
		"plain ascii":              {"web-01", "web-01"},
		"unicode kept":             {"café 東京 👍 🇬🇧 e\u0301 नमस्ते", "café 東京 👍 🇬🇧 e\u0301 नमस्ते"},
		"skin tone replaced":       {"👍🏽 ok", "👍\uFFFD ok"},
		"unassigned replaced":      {"a\u0378b\U000E0080c", "a\uFFFDb\uFFFDc"},
		"line separator dropped":   {"a\u2028b\u2029c", "abc"},
		"zero-width joiner":        {"👩\u200d💻 dev", "👩💻 dev"},
		"emoji presentation":       {"❤\ufe0f ok \u2714\ufe0e", "❤ ok \u2714"},
		"empty":                    {"", ""},
		"title OSC 0 BEL":          {"a\x1b]0;pwned\x07b", "ab"},
		"title OSC 2 ST":           {"a\x1b]2;pwned\x1b\\b", "ab"},
		"OSC 52 clipboard write":   {"x\x1b]52;c;cm0gLXJmIH4K\x07y", "xy"},
		"OSC 8 hyperlink":          {"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		"CSI clear screen":         {"a\x1b[2Jb", "ab"},
		"CSI cursor home":          {"a\x1b[Hb", "ab"},
		"CSI cursor move":          {"a\x1b[10;20Hb\x1b[3Ac", "abc"},
		"CSI private mode":         {"a\x1b[?1049hb\x1b[?25l", "ab"},
		"SGR colours":              {"\x1b[1;31mCRIT\x1b[0m ok", "CRIT ok"},
		"SGR truecolour":           {"\x1b[38;2;255;0;0mred\x1b[m", "red"},
		"CSI with intermediate":    {"a\x1b[1 qb", "ab"},
		"DCS":                      {"a\x1bP1$r0m\x1b\\b", "ab"},
		"DCS tmux passthrough":     {"a\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\b", "ab"},
		"APC":                      {"a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		"PM":                       {"a\x1b^secret\x1b\\b", "ab"},
		"SOS":                      {"a\x1bXstring\x1b\\b", "ab"},
		"DCS not ended by BEL":     {"a\x1bPx\x07y\x1b\\b", "ab"},
		"unterminated OSC":         {"a\x1b]0;title forever", "a"},
		"unterminated OSC 52":      {"a\x1b]52;c;cm0gLXJm", "a"},
		"unterminated DCS":         {"a\x1bPq#0;2;0;0;0", "a"},
		"unterminated APC":         {"a\x1b_payload", "a"},
		"unterminated PM":          {"a\x1b^payload", "a"},
		"unterminated SOS":         {"a\x1bXpayload", "a"},
		"unterminated CSI":         {"a\x1b[12;3", "a"},
		"lone ESC at end":          {"abc\x1b", "abc"},
		"ESC ESC":                  {"a\x1b\x1b[2Jb", "ab"},
		"two-byte ESC c reset":     {"a\x1bcb", "ab"},
		"ESC charset designation":  {"a\x1b(0lqk\x1b(Bb", "alqkb"},
		"ESC # 8 screen alignment": {"a\x1b#8b", "ab"},
		"ESC 7 save cursor":        {"a\x1b7b", "ab"},
		"ESC then non-ascii":       {"a\x1bé", "aé"},
		"ESC inside OSC starts new sequence": {
			"a\x1b]0;t\x1b[31mb", "ab",
		},
		"CAN aborts CSI":         {"a\x1b[12\x18b", "ab"},
		"SUB aborts OSC":         {"a\x1b]0;x\x1ab", "ab"},
		"line break ends a CSI":  {"a\x1b[2\nJb", "a Jb"},
		"other C0 inside CSI":    {"a\x1b[2\x00Jb", "ab"},
		"8-bit CSI rune":         {"a\u009b2Jb", "ab"},
		"8-bit CSI raw byte":     {"a\x9b2Jb", "ab"},
		"8-bit OSC rune":         {"a\u009d0;pwned\u009cb", "ab"},
		"8-bit OSC raw byte BEL": {"a\x9d52;c;eA==\x07b", "ab"},
		"8-bit DCS rune":         {"a\u0090q\u009cb", "ab"},
		"8-bit APC rune":         {"a\u009fx\u009cb", "ab"},
		"8-bit PM rune":          {"a\u009ex\u009cb", "ab"},
		"8-bit SOS rune":         {"a\u0098x\u009cb", "ab"},
		"8-bit APC raw byte":     {"a\x9fpayload\x9cb", "ab"},
		"unterminated 8-bit OSC": {"a\u009d0;title", "a"},
		"other C1 dropped":       {"a\u0085b\x84c", "abc"},
		"BEL":                    {"a\ab", "ab"},
		"backspace":              {"pass\b\b\b\bfail", "passfail"},
		"DEL":                    {"a\x7fb", "ab"},
		"NUL":                    {"a\x00b", "ab"},
		"all other C0":           {"a\x01\x02\x0b\x0c\x0e\x1fb", "ab"},
		"newline to space":       {"line1\nline2", "line1 line2"},
		"CRLF one space":         {"a\r\nb", "a b"},
		"CR overwrite trick":     {"OK\rCRITICAL", "OK CRITICAL"},
		"tab to space":           {"a\tb", "a b"},
		"invalid utf8":           {"a\xffb\xc3", "a\uFFFDb\uFFFD"},
		"RLO override dropped":   {"exe.\u202Etxt", "exe.txt"},
		"bidi isolates dropped":  {"a\u2066b\u2069c", "abc"},
		"bidi marks dropped":     {"a\u200Fb\u200E", "ab"},
		"prepended format mark":  {"\u0603 x", " x"},
		"leading spacing mark":   {"\U000119DFx", "x"},
		"leading combining mark": {"\u0301ab", "ab"},
		"trailing prepend":       {"x\u0D4E", "x"},
		"inner marks stay":       {"e\u0301x", "e\u0301x"},
		"soft hyphen and BOM":    {"a\u00adb\ufeffc", "abc"},
		"valid U+FFFD kept":      {"a\uFFFDb", "a\uFFFDb"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := Line(tc.in)
			if got != tc.want {
				t.Fatalf("Line(%q) = %q, want %q", tc.in, got, tc.want)
			}
			checkSafe(t, got, false)
		})
	}
}

func TestText(t *testing.T) {
	tests := map[string]struct {
		in, want string
	}{
		"plain multi-line":         {"a\nb\n", "a\nb\n"},
		"CRLF":                     {"a\r\nb\r\n", "a\nb\n"},
		"lone CR":                  {"a\rb", "a\nb"},
		"CR CR LF":                 {"a\r\r\nb", "a\n\nb"},
		"tab at start":             {"\tx", "        x"},
		"tab mid word":             {"abc\tx", "abc     x"},
		"tab at stop":              {"abcdefgh\tx", "abcdefgh        x"},
		"two tabs":                 {"a\tb\tc", "a       b       c"},
		"tab after newline":        {"abcdef\nab\tx", "abcdef\nab      x"},
		"tab after wide chars":     {"東京\tx", "東京    x"},
		"tab after stripped ESC":   {"\x1b[31mab\x1b[0m\tx", "ab      x"},
		"tab after unchanged line": {"héllo\nab\tx", "héllo\nab      x"},
		"tab after clean prefix":   {"ab\x00\tx", "ab      x"},
		"escape stripped":          {"ok\x1b]52;c;eA==\x07\nnext", "ok\nnext"},
		"a line break ends an OSC": {"a\x1b]0;t\nitle\x07b", "a\nitleb"},
		"unterminated CSI at EOL":  {"x\x1b[\nEntity", "x\nEntity"},
		"unterminated DCS at EOL":  {"x\x1bPq\r\nnext", "x\nnext"},
		"C0 dropped":               {"a\x00\b\x7fb", "ab"},
		"8-bit C1":                 {"a\u009b2Jb", "ab"},
		"invalid utf8":             {"\xfe\n", "\uFFFD\n"},
		"paragraph separator":      {"a\u2029b", "ab"},
		"tab after a conjunct":     {"नमस्ते\tx", "नमस्ते    x"},
		"tab after a replacement":  {"\u2630\tx", "\uFFFD       x"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := Text(tc.in)
			if got != tc.want {
				t.Fatalf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
			checkSafe(t, got, true)
		})
	}
}

// TestCleanInputIsReturnedUnchanged checks the fast path: safe input comes
// back as the same string without allocating.
func TestCleanInputIsReturnedUnchanged(t *testing.T) {
	for _, s := range []string{"", "check-cpu", "東京 café 👍 नमस्ते — ok", strings.Repeat("x", 4096)} {
		if allocs := testing.AllocsPerRun(100, func() { _ = Line(s) }); allocs != 0 {
			t.Errorf("Line(%q) allocated %v times", s, allocs)
		}
		if allocs := testing.AllocsPerRun(100, func() { _ = Text(s + "\n" + s) }); allocs > 1 { // the concatenation itself
			t.Errorf("Text(%q) allocated %v times", s, allocs)
		}
		if got := Line(s); got != s {
			t.Errorf("Line(%q) = %q", s, got)
		}
	}
}

// checkSafe fails the test if s could make the terminal do anything but
// print: an ESC, a C0 control (other than "\n" when multiline), DEL, a C1
// control, a bidi override, a joiner or variation selector, or invalid UTF-8.
func checkSafe(t testing.TB, s string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("output is not valid UTF-8: %q", s)
	}
	for i, r := range s {
		switch {
		case r == '\n' && multiline:
		case r < 0x20 || r == 0x7f:
			t.Fatalf("output has control %U at byte %d: %q", r, i, s)
		case isC1(r):
			t.Fatalf("output has C1 control %U at byte %d: %q", r, i, s)
		case isDropped(r):
			t.Fatalf("output has joiner, selector or bidi control %U at byte %d: %q", r, i, s)
		case replaced(r):
			t.Fatalf("output has %U, unassigned or of disputed width, at byte %d: %q", r, i, s)
		}
	}
}

var fuzzSeeds = []string{
	"",
	"plain",
	"a\x1b]0;title\x07b",
	"\x1b]52;c;eA==\x1b\\",
	"\x1b[2J\x1b[H",
	"\x1bP\x1b\\",
	"\u009b31m",
	"\x9b31m\x9d0;x\x9c",
	"a\r\nb\rc\td",
	"\xff\xfe\xc3",
	"東京\t👩‍💻\u202e",
	"\x1b(B\x1b#8\x1b",
	"नमस्ते 👍🏽 \u1160\u2630\u0378",
}

func FuzzLine(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Line(s)
		checkSafe(t, got, false)
		if again := Line(got); again != got {
			t.Fatalf("Line is not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}

func FuzzText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		checkSafe(t, got, true)
		if strings.ContainsAny(got, "\t\r") {
			t.Fatalf("Text left a tab or CR: %q", got)
		}
		if again := Text(got); again != got {
			t.Fatalf("Text is not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}

func BenchmarkLine(b *testing.B) {
	inputs := map[string]string{
		"clean":   "check-disk-usage on web-01.prod.example.com: OK 42% used",
		"hostile": "\x1b[1;31mCRIT\x1b[0m \x1b]52;c;cm0gLXJmIH4K\x07disk\tfull\r\n\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\\u009b2J",
	}
	for name, s := range inputs {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				_ = Line(s)
			}
		})
	}
}
