#pragma once
// A mail gateway to a site that does not speak TCP/IP: mail for `uucp_domain` is taken off the
// SMTP side, its addresses rewritten into the other world's form (carol@lab.hamburger.edu ->
// lab!carol, alice@crepes.fr -> gw!crepes.fr!alice) and sent in batches over a slow
// store-and-forward link (a modem line), where the site's own delivery puts it in mailboxes.
#include "sim/agents/agent_config.h"
#include "sim/agents/agent_context.h"
#include "sim/core/bytes.h"

#include <string>
#include <vector>

namespace mailsim::agents {

class Gateway {
public:
    Gateway(AgentContext& context, const HostSpec& spec);

    bool handles(std::string_view domain) const;
    const std::string& uucp_host() const { return m_spec.uucp_host; }
    const std::string& uucp_domain() const { return m_spec.uucp_domain; }
    // Changed while the world runs (the `gateway` action): the domain it takes and the site it
    // rewrites recipients to, over that site's line. A batch already on the line goes on.
    void set_route(std::string domain, std::string site, const std::vector<LinkSpecData>& links);
    // Takes a message for the site; it leaves with the next batch.
    void take(const std::string& msg_id, const std::string& from,
              const std::vector<std::string>& rcpts, const Bytes& data);

    std::string rewrite_recipient(std::string_view address) const;
    std::string rewrite_sender(std::string_view address) const;

private:
    struct Item {
        std::string msg_id, from, rcpt, uucp_rcpt;
        Bytes data;
    };
    void send_batch();
    void arrive(std::vector<Item> batch);

    AgentContext& m_context;
    HostSpec m_spec;
    LinkSpecData m_link;
    std::vector<Item> m_batch;
    bool m_batch_scheduled = false;
};

} // namespace mailsim::agents
