// The blank line that ends a header block, found as Poco's HTTPRequest::read would find it.
#include "header_block.hpp"

namespace eye {

HeaderScan scan_header_block(std::string_view received, std::size_t limit) {
    // Poco skips whitespace (CRLFs left by a previous request included) before the method.
    std::size_t start = received.find_first_not_of(" \t\r\n");
    if (start != std::string_view::npos) {
        // The request line ends with LF; the block ends at the first line that is empty, an LF
        // followed by LF or by CRLF.
        for (std::size_t lf = received.find('\n', start); lf != std::string_view::npos;
             lf = received.find('\n', lf + 1)) {
            if (lf + 1 >= received.size()) break;
            char next = received[lf + 1];
            std::size_t end = next == '\n' ? lf + 2 : lf + 3;
            if (next == '\n' || (next == '\r' && lf + 2 < received.size() && received[lf + 2] == '\n')) {
                if (lf + 1 > limit) return {HeaderBlock::too_large};
                return {HeaderBlock::complete, end};
            }
        }
    }
    return {received.size() >= limit ? HeaderBlock::too_large : HeaderBlock::incomplete};
}

}  // namespace eye
