main() { greet; echo "args: $*"; }
