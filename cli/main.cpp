// eye's entry point; everything else is the eye_cli library, so unit tests reach it.
#include "app.hpp"

int main(int argc, char** argv) {
    return eye::cli::run(argc, argv);
}
