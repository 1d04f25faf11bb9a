#!/bin/sh
# CGI API: looks the query's key up in the db file.
printf 'Content-Type: text/plain\r\n\r\n'
grep "^$QUERY_STRING=" /var/db/kv | cut -d= -f2-
