// Output failures as errors: a stream's failbit says that writing failed, errno says why.
#include "exit_codes.hpp"

#include <cerrno>
#include <system_error>

namespace eye::cli {

void check_output(std::ostream& out) {
    if (out.good()) {
        errno = 0;
        out.flush();
        if (out.good()) return;
    }
    // Checked right after the failed write (Printer::row does), errno still holds its reason.
    int error = errno;
    throw OutputError("cannot write the output" +
                      (error ? " (" + std::error_code(error, std::generic_category()).message() + ")" : std::string()));
}

}  // namespace eye::cli
