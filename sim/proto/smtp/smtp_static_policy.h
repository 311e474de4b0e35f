#pragma once
// A ServerPolicy from plain tables: local domains, users, aliases and lists, forwards, relay
// clients, who is at a terminal, quotas and forced replies. The SMTP unit tests, transcripts,
// fuzzer and benchmark use it to run the server engine without a world; the simulated MTA
// and `mailsim serve` answer through the MTA's own policy (sim/agents/mta.*) instead.
#include "smtp_policy.h"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace mailsim::smtp {

enum class VrfyMode { Answer, CannotVerify, Disabled };
enum class ExpnMode { Answer, Denied, Disabled };
enum class ForwardKind { ServerForwards, ClientMustRetry }; // 251 vs 551
enum class Relaying { ListedClientsOnly, Open };

class StaticPolicy : public ServerPolicy {
public:
    struct Delivery {
        Transaction transaction;
        Bytes message;
        std::string queue_id;
    };
    struct TerminalWrite {
        std::string user;
        Bytes message;
    };

    void add_local_domain(std::string domain);
    void add_user(std::string mailbox, std::string full_name = {});
    // A local name ("staff" or "staff@domain") that expands to other addresses (EXPN, RCPT).
    void add_list(std::string name, std::vector<std::string> members);
    void add_forward(std::string mailbox, std::string new_address, ForwardKind kind);
    void allow_relay_from(std::string client_address) { m_relay_clients.insert(client_address); }
    void set_relaying(Relaying relaying) { m_relaying = relaying; }
    void set_logged_in(std::string mailbox) { m_logged_in.insert(to_lower_ascii(mailbox)); }
    void set_vrfy(VrfyMode mode) { m_vrfy = mode; }
    void set_expn(ExpnMode mode) { m_expn = mode; }
    void set_turn(TurnDecision decision) { m_turn = decision; }
    void refuse_sender(std::string address) { m_refused_senders.insert(to_lower_ascii(address)); }
    // Total bytes a mailbox may hold; a message that would pass it gets 552.
    void set_quota(std::size_t bytes) { m_quota = bytes; }
    void set_queue_id_prefix(std::string prefix) { m_queue_prefix = std::move(prefix); }
    // Fault injection: answer `code` at this point, `times` times (-1: always).
    void force_reply(FaultPoint::Kind kind, Verb verb, int code, int times = -1);

    const std::vector<Delivery>& deliveries() const { return m_deliveries; }
    const std::vector<TerminalWrite>& terminal_writes() const { return m_terminal_writes; }
    // Messages stored per mailbox (lower-cased address), in arrival order.
    const std::map<std::string, std::vector<Bytes>>& mailboxes() const { return m_mailboxes; }

    std::optional<Reply> forced_reply(const FaultPoint& at, const SessionInfo& session) override;
    SenderDecision check_sender(const SessionInfo&, const Transaction&,
                                std::string_view reverse_path) override;
    RecipientDecision check_recipient(const SessionInfo& session, const Transaction&,
                                      std::string_view forward_path) override;
    VerifyDecision verify(const SessionInfo&, std::string_view query) override;
    ExpandDecision expand(const SessionInfo&, std::string_view list) override;
    Presence presence(std::string_view mailbox) override;
    MessageDecision accept_message(const SessionInfo&, const Transaction& transaction,
                                   ByteView message) override;
    TurnDecision allow_turn(const SessionInfo&) override { return m_turn; }

private:
    struct Forward {
        std::string address;
        ForwardKind kind;
    };
    struct Rule {
        FaultPoint::Kind kind;
        Verb verb;
        int code;
        int remaining;
    };

    bool is_local_domain(std::string_view domain) const;
    // Lower-cased full address for a name with or without domain; empty if not local.
    std::string qualify(std::string_view name) const;
    std::string describe_member(const std::string& address) const;

    std::set<std::string> m_local_domains;
    std::map<std::string, std::string> m_users; // mailbox -> full name
    std::map<std::string, std::vector<std::string>> m_lists;
    std::map<std::string, Forward> m_forwards;
    std::set<std::string> m_relay_clients;
    std::set<std::string> m_logged_in;
    std::set<std::string> m_refused_senders;
    Relaying m_relaying = Relaying::ListedClientsOnly;
    VrfyMode m_vrfy = VrfyMode::Answer;
    ExpnMode m_expn = ExpnMode::Answer;
    TurnDecision m_turn = TurnDecision::Refuse;
    std::size_t m_quota = 0; // 0: unlimited
    std::string m_queue_prefix = "Q";
    std::size_t m_queue_counter = 0;
    std::vector<Rule> m_rules;
    std::vector<Delivery> m_deliveries;
    std::vector<TerminalWrite> m_terminal_writes;
    std::map<std::string, std::vector<Bytes>> m_mailboxes;
    std::map<std::string, std::size_t> m_mailbox_bytes;
};

} // namespace mailsim::smtp
