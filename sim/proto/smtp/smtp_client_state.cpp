#include "smtp_client_state.h"

#include <array>
#include <string>

namespace mailsim::smtp {

namespace {

using S = ClientState;
using T = ClientTrigger;
constexpr T Ok = T::Accepted;
constexpr T No = T::Refused;

constexpr std::array<ClientStateInfo, 12> kStates = {{
    {S::Greeting, "Greeting", "smtp.client_state.Greeting"},
    {S::Ehlo, "Ehlo", "smtp.client_state.Ehlo"},
    {S::Helo, "Helo", "smtp.client_state.Helo"},
    {S::Mail, "Mail", "smtp.client_state.Mail"},
    {S::Rcpt, "Rcpt", "smtp.client_state.Rcpt"},
    {S::Data, "Data", "smtp.client_state.Data"},
    {S::Body, "Body", "smtp.client_state.Body"},
    {S::Rset, "Rset", "smtp.client_state.Rset"},
    {S::Quit, "Quit", "smtp.client_state.Quit"},
    {S::Turn, "Turn", "smtp.client_state.Turn"},
    {S::Closed, "Closed", "smtp.client_state.Closed"},
    {S::Turned, "Turned", "smtp.client_state.Turned"},
}};

// Every move SmtpClient makes. After a transaction ends (end of data, RSET, a refused MAIL) the
// client starts the next message (Mail), or ends the session with QUIT or, when configured,
// TURN. With PIPELINING the RCPT and DATA replies are already on their way, so a refused MAIL
// still moves on to them. tests/unit/smtp/test_smtp_client_state.cpp drives the engine through
// every row and fails on any move that is not here.
constexpr ClientTransition kTable[] = {
    {S::Greeting, Ok, S::Ehlo, "220", "smtp.client_edge.greeting_ehlo"},
    {S::Greeting, Ok, S::Helo, "220", "smtp.client_edge.greeting_helo"},
    {S::Greeting, No, S::Quit, "554", "smtp.client_edge.greeting_refused"},

    {S::Ehlo, Ok, S::Mail, "250", "smtp.client_edge.first_mail"},
    {S::Ehlo, Ok, S::Quit, "250, no mail", "smtp.client_edge.nothing_to_send"},
    {S::Ehlo, Ok, S::Turn, "250, no mail", "smtp.client_edge.turn"},
    {S::Ehlo, No, S::Helo, "500/502", "smtp.client_edge.ehlo_fallback"},
    {S::Ehlo, No, S::Quit, "4yz/5yz", "smtp.client_edge.hello_refused"},

    {S::Helo, Ok, S::Mail, "250", "smtp.client_edge.first_mail"},
    {S::Helo, Ok, S::Quit, "250, no mail", "smtp.client_edge.nothing_to_send"},
    {S::Helo, Ok, S::Turn, "250, no mail", "smtp.client_edge.turn"},
    {S::Helo, No, S::Quit, "4yz/5yz", "smtp.client_edge.hello_refused"},

    {S::Mail, Ok, S::Rcpt, "250", "smtp.client_edge.mail_ok"},
    {S::Mail, No, S::Rcpt, "5yz (pipelined)", "smtp.client_edge.pipelined_on"},
    {S::Mail, No, S::Mail, "5yz, next", "smtp.client_edge.next_message"},
    {S::Mail, No, S::Quit, "5yz, done", "smtp.client_edge.session_done"},
    {S::Mail, No, S::Turn, "5yz, done", "smtp.client_edge.turn"},

    {S::Rcpt, Ok, S::Rcpt, "next RCPT", "smtp.client_edge.next_rcpt"},
    {S::Rcpt, No, S::Rcpt, "next RCPT", "smtp.client_edge.next_rcpt"},
    {S::Rcpt, Ok, S::Data, "last RCPT", "smtp.client_edge.last_rcpt"},
    {S::Rcpt, No, S::Data, "last RCPT", "smtp.client_edge.last_rcpt"},
    {S::Rcpt, No, S::Rset, "none accepted", "smtp.client_edge.no_recipient"},

    {S::Data, Ok, S::Body, "354", "smtp.client_edge.send_body"},
    {S::Data, No, S::Rset, "4yz/5yz", "smtp.client_edge.data_refused"},
    {S::Data, No, S::Mail, "5yz, next", "smtp.client_edge.next_message"},
    {S::Data, No, S::Quit, "5yz, done", "smtp.client_edge.session_done"},
    {S::Data, No, S::Turn, "5yz, done", "smtp.client_edge.turn"},

    {S::Body, Ok, S::Mail, "next message", "smtp.client_edge.next_message"},
    {S::Body, No, S::Mail, "next message", "smtp.client_edge.next_message"},
    {S::Body, Ok, S::Quit, "done", "smtp.client_edge.session_done"},
    {S::Body, No, S::Quit, "done", "smtp.client_edge.session_done"},
    {S::Body, Ok, S::Turn, "done", "smtp.client_edge.turn"},
    {S::Body, No, S::Turn, "done", "smtp.client_edge.turn"},

    {S::Rset, Ok, S::Mail, "next message", "smtp.client_edge.next_message"},
    {S::Rset, No, S::Mail, "next message", "smtp.client_edge.next_message"},
    {S::Rset, Ok, S::Quit, "done", "smtp.client_edge.session_done"},
    {S::Rset, No, S::Quit, "done", "smtp.client_edge.session_done"},
    {S::Rset, Ok, S::Turn, "done", "smtp.client_edge.turn"},
    {S::Rset, No, S::Turn, "done", "smtp.client_edge.turn"},

    {S::Quit, Ok, S::Closed, "221", "smtp.client_edge.quit"},
    {S::Quit, No, S::Closed, "221", "smtp.client_edge.quit"},
    {S::Turn, Ok, S::Turned, "250", "smtp.client_edge.turned"},
    {S::Turn, No, S::Quit, "502", "smtp.client_edge.turn_refused"},

    // The server going away (421) or the connection ending, from every open state.
    {S::Greeting, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Ehlo, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Helo, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Mail, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Rcpt, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Data, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Body, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Rset, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Turn, T::ServiceClosing, S::Closed, "421", "smtp.client_edge.service_closing"},
    {S::Greeting, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Ehlo, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Helo, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Mail, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Rcpt, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Data, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Body, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Rset, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Quit, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
    {S::Turn, T::ConnectionEnd, S::Closed, "lost", "smtp.client_edge.lost"},
};

} // namespace

std::span<const ClientStateInfo> client_state_infos() {
    return kStates;
}

std::span<const ClientTransition> client_transitions() {
    return kTable;
}

std::string_view client_state_name(ClientState state) {
    return name_of(client_state_infos(), state);
}

std::string client_state_key(ClientState state) {
    return "smtp.client_state." + std::string(client_state_name(state));
}

std::string_view client_trigger_name(ClientTrigger trigger) {
    switch (trigger) {
    case T::Accepted:
        return "accepted";
    case T::Refused:
        return "refused";
    case T::ServiceClosing:
        return "421";
    case T::ConnectionEnd:
        return "connection end";
    }
    return "?";
}

bool client_transition_allowed(ClientState from, ClientTrigger trigger, ClientState to) {
    for (const auto& row : kTable)
        if (row.from == from && row.trigger == trigger && row.to == to)
            return true;
    return false;
}

ClientTrigger client_trigger_for(ClientState waiting, int reply_code) {
    if (reply_code < 200 || reply_code > 599)
        return T::ConnectionEnd; // not a reply the client can read: it hangs up
    if (reply_code == 421 && waiting != S::Quit)
        return T::ServiceClosing;
    switch (waiting) {
    case S::Greeting:
        return reply_code == 220 ? Ok : No;
    case S::Data:
        return reply_code == 354 ? Ok : No;
    default:
        return reply_code < 400 ? Ok : No;
    }
}

std::optional<ClientState> client_state_after_sending(Verb verb) {
    switch (verb) {
    case Verb::Ehlo:
        return S::Ehlo;
    case Verb::Helo:
        return S::Helo;
    case Verb::Mail:
    case Verb::Send:
    case Verb::Soml:
    case Verb::Saml:
        return S::Mail;
    case Verb::Rcpt:
        return S::Rcpt;
    case Verb::Data:
        return S::Data;
    case Verb::Rset:
        return S::Rset;
    case Verb::Quit:
        return S::Quit;
    case Verb::Turn:
        return S::Turn;
    default:
        return std::nullopt;
    }
}

void ClientStateTracker::move(ClientTrigger trigger, ClientState to) {
    m_last = Step{m_state, trigger, to};
    ++m_steps;
    m_state = to;
    m_held.reset();
}

void ClientStateTracker::command_sent(Verb verb) {
    if (m_state == S::Closed || m_state == S::Turned)
        return;
    const auto next = client_state_after_sending(verb);
    m_waiting.push_back(next);
    if (m_held && next && m_waiting.size() == 1)
        move(*m_held, *next);
}

void ClientStateTracker::reply_received(int code) {
    if (m_state == S::Closed || m_state == S::Turned || m_waiting.empty())
        return;
    const auto answered = m_waiting.front();
    m_waiting.pop_front();
    if (!answered) { // the reply to a hand-typed NOOP or VRFY moves nothing by itself
        if (m_held && !m_waiting.empty() && m_waiting.front())
            move(*m_held, *m_waiting.front());
        return;
    }
    const ClientTrigger trigger = client_trigger_for(*answered, code);
    if (trigger == T::ServiceClosing || trigger == T::ConnectionEnd || *answered == S::Quit) {
        m_waiting.clear();
        move(trigger, S::Closed);
        return;
    }
    if (*answered == S::Turn && trigger == Ok) {
        m_waiting.clear();
        move(trigger, S::Turned);
        return;
    }
    if (*answered == S::Data && trigger == Ok)
        m_waiting.push_front(S::Body);
    if (!m_waiting.empty() && m_waiting.front())
        move(trigger, *m_waiting.front());
    else
        m_held = trigger;
}

void ClientStateTracker::connection_ended() {
    if (m_state == S::Closed || m_state == S::Turned)
        return;
    m_waiting.clear();
    move(T::ConnectionEnd, S::Closed);
}

} // namespace mailsim::smtp
