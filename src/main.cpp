#include "cli/cli_main.h"

int main(int argc, char** argv) { return schedtool::cli_main(argc, argv); }
