# built by the build container
VERSION=1.0
