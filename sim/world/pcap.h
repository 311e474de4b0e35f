#pragma once
// A libpcap capture of the run's TCP segments with synthetic Ethernet and IPv4 headers, so
// Wireshark/tshark dissect SMTP, POP and IMAP from it. Returns bytes: sim/ writes no files.
#include "sim/core/bytes.h"
#include "sim/trace/trace.h"

#include <vector>

namespace mailsim::world {

Bytes write_pcap(const std::vector<Packet>& packets);

} // namespace mailsim::world
