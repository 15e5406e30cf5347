//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package caddymodule

import (
	"fmt"
	"os"
)

// writable reports whether the file or directory p has a write permission
// bit set: without access(2), the best guess that writes nothing.
func writable(p string, _ bool) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("%s is not writable", p)
	}
	return nil
}
