"""Where a template may be read from: inside one folder, after following symbolic links.

A rule's template comes with a policy someone else may have written: it resolves inside the
policy file's own folder (the package's, for a built-in), and so does every `{% include %}` of
it. An absolute path, `..` out of the folder, or a symbolic link (of the file or of a folder on
the way) to somewhere outside are refused - by `followup validate` as `template-outside-policy`,
and again by `followup draft` when it opens the file (it may have changed since).
"""

from __future__ import annotations

from pathlib import Path

from followup.errors import InputError, clip


class TemplateOutside(InputError):
    """A template (or an include) that resolves outside the folder it must stay in (`message`
    says where it leads, without a location: the reader adds its own)."""


def confined(root: Path, path: Path, shown: str, what: str = "the policy's folder") -> Path:
    """`path` with every symbolic link followed, when that is inside `root` (links followed
    too); else `TemplateOutside` saying so as `shown` (the name the template was given)."""
    try:
        real_root = root.resolve()
        real = path.resolve()
    except RecursionError:  # an include without end, met here: `drafts` reports it as such
        raise
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before Python 3.13)
        raise TemplateOutside(f"{clip(shown)}: a symbolic link loop") from None
    if not real.is_relative_to(real_root):
        raise TemplateOutside(
            f"{clip(shown)} resolves outside {what} ({root}); templates must be inside it"
        )
    return real


def rule_template(folder: Path, name: str) -> Path:
    """The file a rule's `template:` names, relative to the policy's `folder`; `TemplateOutside`
    when it is absolute or resolves (links followed) outside the folder."""
    if Path(name).is_absolute():
        raise TemplateOutside(
            f"{clip(name)} is an absolute path: name a template inside the policy's folder, "
            "relative to the policy file"
        )
    path = folder / name
    confined(folder, path, name)
    return path
