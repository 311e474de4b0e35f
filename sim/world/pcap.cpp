#include "pcap.h"

#include <cstdint>

namespace mailsim::world {
namespace {

void put_le32(Bytes& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_le16(Bytes& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
}
void put_be16(Bytes& out, std::uint16_t v) {
    out += static_cast<char>(v >> 8);
    out += static_cast<char>(v & 0xff);
}
void put_be32(Bytes& out, std::uint32_t v) {
    for (int i = 3; i >= 0; --i)
        out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// Locally administered MAC derived from the IPv4 address: stable and readable in Wireshark.
void put_mac(Bytes& out, std::uint32_t ip) {
    out += '\x02';
    out += '\x00';
    put_be32(out, ip);
}

std::uint32_t sum16(ByteView bytes, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2)
        sum += (static_cast<std::uint8_t>(bytes[i]) << 8) | static_cast<std::uint8_t>(bytes[i + 1]);
    if (bytes.size() % 2)
        sum += static_cast<std::uint8_t>(bytes.back()) << 8;
    return sum;
}

std::uint16_t fold(std::uint32_t sum) {
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

} // namespace

Bytes write_pcap(const std::vector<Packet>& packets) {
    Bytes out;
    put_le32(out, 0xa1b2c3d4); // microsecond timestamps
    put_le16(out, 2);
    put_le16(out, 4);
    put_le32(out, 0); // thiszone
    put_le32(out, 0); // sigfigs
    put_le32(out, 65535);
    put_le32(out, 1); // LINKTYPE_ETHERNET
    std::uint16_t ip_id = 1;
    for (const auto& p : packets) {
        Bytes tcp;
        put_be16(tcp, p.src_port);
        put_be16(tcp, p.dst_port);
        put_be32(tcp, p.seq);
        put_be32(tcp, (p.flags & kTcpAck) ? p.ack : 0);
        tcp += static_cast<char>(5 << 4); // data offset: 20 bytes
        tcp += static_cast<char>(p.flags);
        put_be16(tcp, 65535); // window
        put_be16(tcp, 0);     // checksum, filled below
        put_be16(tcp, 0);     // urgent pointer
        tcp += p.payload;
        Bytes pseudo;
        put_be32(pseudo, p.src_ip);
        put_be32(pseudo, p.dst_ip);
        put_be16(pseudo, 6);
        put_be16(pseudo, static_cast<std::uint16_t>(tcp.size()));
        const std::uint16_t tcp_sum = fold(sum16(tcp, sum16(pseudo)));
        tcp[16] = static_cast<char>(tcp_sum >> 8);
        tcp[17] = static_cast<char>(tcp_sum & 0xff);

        Bytes ip;
        ip += '\x45';
        ip += '\x00';
        put_be16(ip, static_cast<std::uint16_t>(20 + tcp.size()));
        put_be16(ip, ip_id++);
        put_be16(ip, 0x4000); // don't fragment
        ip += '\x40';         // TTL 64
        ip += '\x06';         // TCP
        put_be16(ip, 0);
        put_be32(ip, p.src_ip);
        put_be32(ip, p.dst_ip);
        const std::uint16_t ip_sum = fold(sum16(ip));
        ip[10] = static_cast<char>(ip_sum >> 8);
        ip[11] = static_cast<char>(ip_sum & 0xff);

        Bytes frame;
        put_mac(frame, p.dst_ip);
        put_mac(frame, p.src_ip);
        put_be16(frame, 0x0800);
        frame += ip;
        frame += tcp;

        // Simulated time starts at the epoch; tools show it as 1970-01-01 plus the run time.
        put_le32(out, static_cast<std::uint32_t>(p.t / kSecond));
        put_le32(out, static_cast<std::uint32_t>(p.t % kSecond));
        put_le32(out, static_cast<std::uint32_t>(frame.size()));
        put_le32(out, static_cast<std::uint32_t>(frame.size()));
        out += frame;
    }
    return out;
}

} // namespace mailsim::world
