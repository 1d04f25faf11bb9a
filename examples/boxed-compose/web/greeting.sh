#!/bin/sh
# CGI: the greeting, as the API (the `app` service, found by name) answers it.
printf 'Content-Type: text/plain\r\n\r\n'
wget -qO- "http://app/cgi-bin/api?greeting"
