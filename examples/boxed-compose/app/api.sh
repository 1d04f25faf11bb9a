#!/bin/sh
# CGI API: the query's key, looked up in the db's key-value file.
printf 'Content-Type: text/plain\r\n\r\n'
wget -qO- "$DB_URL" | grep "^$QUERY_STRING=" | cut -d= -f2-
