#pragma once
// One message sent over SMTP from one host to another: a user agent's submission to its
// server, or a webmail host's push of a form it was given. Shared by the user agent and the
// webmail host (which is why it lives in neither).
#include "sim/agents/agent_context.h"
#include "sim/net/network.h"
#include "sim/proto/smtp/smtp_client.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace mailsim::agents {

// One short client session (SMTP submission, POP3 or IMAP retrieval, an HTTP exchange) that
// its owner keeps until the connection is gone.
class ClientSession {
public:
    virtual ~ClientSession() = default;
    virtual bool finished() const = 0;
};

// Sends one message over SMTP from `from` to `to`; reports a refusal as a fault event.
// `done(accepted, detail)` runs once the server answered the message (or the connection failed).
using SubmissionDone = std::function<void(bool accepted, const std::string& detail)>;
std::unique_ptr<ClientSession> start_smtp_submission(AgentContext& context, net::HostId from,
                                                     net::HostId to, std::uint16_t port,
                                                     smtp::OutgoingMessage message,
                                                     std::string msg_id, SubmissionDone done = {});

} // namespace mailsim::agents
