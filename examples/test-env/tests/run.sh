#!/bin/sh
fail=0
check() { got=$(/app/calc.sh "$1" "$2"); if [ "$got" = "$3" ]; then echo "ok   $1+$2=$3"; else echo "FAIL $1+$2: got $got, want $3"; fail=1; fi; }
check 1 2 3
check 20 22 42
check -5 5 0
[ $fail = 0 ] && echo "all tests passed"
exit $fail
