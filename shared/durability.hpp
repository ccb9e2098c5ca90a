// What an acknowledged event survives: the promise --durability makes, which each store keeps
// in its own way.
#pragma once

namespace eye {

enum class Durability {
    process,  // a crash of eyed (SQLite synchronous=NORMAL); the last commits may go on power loss
    power,    // power loss too (SQLite synchronous=FULL)
};

}  // namespace eye
