// Package classify labels cookies, URLs and inline scripts with a purpose
// and a vendor, and explains each decision by the rule that made it. Its
// knowledge base is embedded data; operator rules and a file in the Open
// Cookie Database format are loaded beside it and win over it.
package classify
