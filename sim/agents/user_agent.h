#pragma once
// A user agent: composes messages with the MIME engine and submits them to its mail server
// (over SMTP, or handed over directly as a UA on the mail host itself does), and reads mail
// over POP3 (download-and-delete or download-and-keep, remembering what each device has seen).
#include "sim/agents/agent_config.h"
#include "sim/agents/agent_context.h"
#include "sim/agents/smtp_submission.h"
#include "sim/agents/wire_log.h"
#include "sim/core/result.h"
#include "sim/net/network.h"
#include "sim/proto/pop3/pop3_client.h"
#include "sim/proto/smtp/smtp_client.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace mailsim::agents {

// Built-in attachments a lesson can name in `compose attach=NAME`.
struct BuiltinAttachment {
    std::string name;
    std::string mime_type;
    Bytes data;
};
const std::vector<BuiltinAttachment>& builtin_attachments();

class UserAgent {
public:
    UserAgent(AgentContext& context, const UaSpec& spec);
    ~UserAgent();

    const UaSpec& spec() const { return m_spec; }
    Status compose(const ActionArguments& action);
    Status retrieve(const ActionArguments& action);

    // Messages this agent downloaded, per device: what the UI shows as the "local" copy.
    const std::map<std::string, std::vector<Bytes>>& downloaded() const { return m_downloaded; }

private:
    friend class Pop3Retrieval;
    friend class ImapReading;
    Result<Bytes> build_message(const ActionArguments& action, std::string& msg_id,
                                std::vector<std::string>& rcpts);

    AgentContext& m_context;
    UaSpec m_spec;
    std::vector<std::unique_ptr<ClientSession>> m_sessions;
    std::map<std::string, std::set<std::string>> m_seen_uids; // per device host
    std::map<std::string, std::vector<Bytes>> m_downloaded;
};

} // namespace mailsim::agents
