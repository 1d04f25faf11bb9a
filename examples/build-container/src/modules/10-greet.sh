greet() { echo "hello from the built app v$VERSION"; }
