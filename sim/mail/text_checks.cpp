#include "sim/mail/text_checks.h"

namespace mailsim::mail {

bool is_7bit(ByteView data) {
    for (char c : data) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || u == 0)
            return false;
    }
    return true;
}

bool has_bare_line_ends(ByteView data) {
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] == '\r' && (i + 1 >= data.size() || data[i + 1] != '\n'))
            return true;
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
            return true;
    }
    return false;
}

std::size_t longest_line(ByteView data) {
    std::size_t longest = 0, start = 0;
    while (start <= data.size()) {
        std::size_t end = data.find('\n', start);
        if (end == ByteView::npos)
            end = data.size();
        std::size_t length = end - start;
        if (length > 0 && end < data.size() && data[end - 1] == '\r')
            --length;
        longest = std::max(longest, length);
        start = end + 1;
    }
    return longest;
}

DataClass classify(ByteView data) {
    bool eight_bit = false;
    for (char c : data) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0)
            return DataClass::Binary;
        eight_bit = eight_bit || u >= 0x80;
    }
    if (has_bare_line_ends(data) || longest_line(data) > kMaxLineLength)
        return DataClass::Binary;
    return eight_bit ? DataClass::EightBit : DataClass::SevenBit;
}

} // namespace mailsim::mail
