#!/bin/sh
# add A B: the code under test.
echo $(($1 + $2))
