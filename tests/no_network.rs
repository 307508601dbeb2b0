//! Marginalia never talks to the network: no crate that can open a connection is
//! built into it for this platform (file dialogs go through the desktop portal or
//! the toolkit; imported HTML is parsed, never rendered or fetched).
#![allow(clippy::unwrap_used)]

use std::process::Command;

/// Crates that make or serve network connections.
const NETWORKING: [&str; 17] = [
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "isahc",
    "surf",
    "attohttpc",
    "native-tls",
    "rustls",
    "openssl",
    "tokio",
    "async-std",
    "h2",
    "socket2",
    "mio",
    "tungstenite",
    "websocket",
];

#[test]
fn no_networking_crate_is_built_into_the_app() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let out = Command::new(cargo)
        .args(["tree", "--offline", "--edges", "normal,build", "--prefix", "none", "--manifest-path", manifest])
        .output()
        .unwrap();
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8_lossy(&out.stdout);
    let crates: Vec<&str> = tree.lines().filter_map(|l| l.split(" v").next()).collect();
    // The listing is real: the app's own stack is in it.
    for expected in ["eframe", "egui", "hayagriva", "pdf-extract"] {
        assert!(crates.contains(&expected), "{expected} missing from:\n{tree}");
    }
    let found: Vec<&&str> = NETWORKING.iter().filter(|n| crates.contains(n)).collect();
    assert!(found.is_empty(), "networking crates in the build: {found:?}");
}
