//! `--generate`: the man page and shell completions, and the copies of
//! them kept in completions/ (regenerate those when a flag changes:
//! `lode --generate complete-bash > completions/lode.bash`, and so on).

use crate::util::Tree;

const KINDS: &[(&str, &str)] = &[
    ("man", "lode.1"),
    ("complete-bash", "lode.bash"),
    ("complete-zsh", "_lode"),
    ("complete-fish", "lode.fish"),
    ("complete-powershell", "_lode.ps1"),
    ("complete-elvish", "lode.elv"),
];

#[test]
fn the_files_in_completions_are_what_generate_prints() {
    let tree = Tree::new();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (kind, file) in KINDS {
        let run = tree.run(&["--generate", kind]);
        assert_eq!(run.code, Some(0), "{kind}: {}", run.stderr);
        let on_disk = std::fs::read(shipped.join(file)).unwrap();
        assert!(
            run.stdout == on_disk,
            "completions/{file} is out of date: lode --generate {kind} > completions/{file}"
        );
    }
}

#[test]
fn completions_and_the_man_page_know_the_flags() {
    let tree = Tree::new();
    let bash = tree.run(&["--generate", "complete-bash"]).stdout();
    assert!(bash.contains("--json") && bash.contains("--no-ignore-vcs"));
    let man = tree.run(&["--generate", "man"]).stdout();
    assert!(man.starts_with(".ie \\n(.g .ds Aq \\(aq"));
    assert!(man.contains(".TH lode 1"));
    assert!(man.contains("\\-\\-json"));
    let bad = tree.run(&["--generate", "nonsense"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad
        .stderr
        .contains("invalid value 'nonsense' for '--generate <KIND>'"));
}
