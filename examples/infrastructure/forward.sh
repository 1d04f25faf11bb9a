#!/bin/sh
exec nc "$UPSTREAM_HOST" "$UPSTREAM_PORT"
