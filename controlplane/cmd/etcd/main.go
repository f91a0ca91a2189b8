// Command etcd is etcd's own server main, built here at the version k8s.io/kubernetes names in its
// go.mod, so the control plane needs no binary from anywhere but the Go module proxy.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
