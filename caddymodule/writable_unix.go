//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package caddymodule

import (
	"fmt"
	"syscall"
)

// writable reports whether this process may write the file p, or create
// files in the directory p, as the kernel decides (permissions, ACLs and
// read-only mounts included), without writing anything.
func writable(p string, dir bool) error {
	const wOK, xOK = 0x2, 0x1
	mode := uint32(wOK)
	if dir {
		mode |= xOK
	}
	if err := syscall.Access(p, mode); err != nil {
		return fmt.Errorf("%s is not writable: %w", p, err)
	}
	return nil
}
