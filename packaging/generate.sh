#!/bin/sh
# Regenerate the man page and the completions under packaging/ from the command-line
# definition (tests/packaging.rs fails while they differ). The completions are written in the
# default language, Vietnamese; the man page is in English.
set -e
cd "$(dirname "$0")/.."
dvk() {
    env -u DVK_LANG -u DVK_CONFIG XDG_CONFIG_HOME=/nonexistent \
        cargo run --quiet --bin dvk -- "$@"
}
dvk man > packaging/dvk.1
dvk completions bash > packaging/completions/dvk.bash
dvk completions zsh > packaging/completions/_dvk
dvk completions fish > packaging/completions/dvk.fish
