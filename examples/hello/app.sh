#!/bin/sh
# The sample app: reports where it runs, proving the container's own hostname, pid namespace and filesystem.
echo "Hello from Wharf!"
echo "hostname: $(hostname)"
echo "pid:      $$ (pid 1 is $(cat /proc/1/comm))"
echo "kernel:   $(uname -r)"
echo "rootfs:   $(ls / | tr '\n' ' ')"
