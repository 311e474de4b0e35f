#pragma once
// The world editor panel's pieces: a property field that shows the design's value until it is
// typed in and commits on Enter, with a refused edit's message under the field it names.
#include "sim/world/scenario.h"

#include <optional>
#include <string>

namespace mailsim::ui {

class App;

// Which design field a widget edits (world::FieldError's item/key/field).
struct FieldRef {
    const char* item;
    std::string key;
    const char* field;
};

// A labelled row: label (translated text) on the left, the text field (bridge id `id`) filling the
// rest. Returns the text when Enter was pressed in it.
std::optional<std::string> property_field(App& app, const char* label, const std::string& id,
                                          const std::string& value, const FieldRef& ref);
// The text typed into a field so far (the design's value if untouched).
std::string field_text(App& app, const std::string& id, const std::string& value);
// The refused edit's message, if it names this field.
void field_error(App& app, const FieldRef& ref);
bool small_button(App& app, const char* label_key, const std::string& id);

void draw_host_properties(App& app, const world::HostSpec& host);
void draw_mta_properties(App& app, const world::HostSpec& host);
void draw_client_properties(App& app, const world::HostSpec& host);
// world_editor_more.cpp
void draw_gateway_properties(App& app, const world::HostSpec& host);
void draw_reply_overrides(App& app, const world::HostSpec& host);
void draw_mta_options(App& app, const world::HostSpec& host);

} // namespace mailsim::ui
