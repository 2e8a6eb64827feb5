// Anchor for `schedtool next` whole-process time: a C++ program that only prints a line, built twice —
// linked like schedtool (shared libstdc++) and fully static — to show what starting a process and
// loading shared libraries cost on this machine, apart from anything schedtool does.
#include <iostream>

int main() { std::cout << "hello\n"; }
