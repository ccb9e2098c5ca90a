// Whether a byte of JSON text lies inside a string literal, escapes honoured: for the places
// that look at JSON text without parsing it (eye splitting an array into events, the hint for
// NDJSON that curl -d ran together).
#pragma once

namespace eye {

class JsonStringState {
public:
    // True while the bytes fed so far end inside a string literal (after its opening quote).
    bool in_string() const { return in_string_; }

    // Takes the next byte of the text.
    void feed(char c) {
        if (!in_string_) {
            in_string_ = c == '"';
        } else if (escaped_) {
            escaped_ = false;
        } else if (c == '\\') {
            escaped_ = true;
        } else if (c == '"') {
            in_string_ = false;
        }
    }

private:
    bool in_string_ = false;
    bool escaped_ = false;
};

}  // namespace eye
