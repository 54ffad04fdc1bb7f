// caseaudit: see daemon/commands.h for the commands, README.md for the rest.
#include <iostream>

#include "daemon/commands.h"

int main(int argc, char* argv[]) {
  return caseaudit::daemon::run_cli(argc, argv, std::cout, std::cerr);
}
