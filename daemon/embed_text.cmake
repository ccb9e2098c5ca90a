# Writes OUTPUT, a C++ file defining `std::string_view NAME()` in namespace eye that returns the
# text of INPUT: how eyed carries files it serves (the OpenAPI document) without reading them
# at run time. Run with cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P embed_text.cmake.
file(READ "${INPUT}" text)
if(text MATCHES "\\)embedded\"")
  message(FATAL_ERROR "${INPUT} holds the raw string's end marker )embedded\"")
endif()
file(WRITE "${OUTPUT}.new" "// Generated from ${INPUT} by embed_text.cmake; do not edit.\n#include <string_view>\n\nnamespace eye {\n\nstd::string_view ${NAME}() {\n    static constexpr std::string_view text = R\"embedded(${text})embedded\";\n    return text;\n}\n\n}  // namespace eye\n")
# Only a changed text touches the output, so that an unchanged document rebuilds nothing.
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
