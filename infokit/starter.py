"""The commented starter brand file written by ``infokit init``; it validates as is.

Its links come from linkkeys.LINKS: the required ones set, the others commented out."""

from __future__ import annotations

from infokit import linkkeys

COMMENT_AT = 38
"""The column where the comments of the starter's lines begin."""


def _link_lines() -> str:
    lines = []
    for link in linkkeys.LINKS:
        if not link.required:
            continue
        note = f"# required: {link.purpose}" + (", becomes the QR code too" if link.qr else "")
        lines.append(f"  {link.name}: {link.example}".ljust(COMMENT_AT) + note)
    # One example of a labelled link, under the first key.
    first = linkkeys.LINKS[0].name
    lines += [
        f"  # {first}:".ljust(COMMENT_AT) + "# a long address, printed as a short one that forwards to it",
        "  #   url: https://outlook.office365.com/book/Example@example.onmicrosoft.com/",
        "  #   label: example.com/book".ljust(COMMENT_AT)
        + "# on your own site (home:); the click and QR code keep the full address",
    ]
    lines += [f"  # {link.name}: {link.example}" for link in linkkeys.LINKS if not link.required]
    return "\n".join(lines)


TEXT = """\
# infokit brand file. Every key is described in the README ("The brand file").
# Check it with:  infokit check brand.yaml      Build it with:  infokit build brand.yaml

organization: Example Clinic          # required: the name your clients know
industry: healthcare                  # required: healthcare | financial | retail | generic
# layout: timeline                    # timeline | cards | grid | path (default: the industry's own;
#                                     #   `infokit preview brand.yaml` shows all four)
language: en                          # en | ru | ko
# paper: letter                       # letter | a4 (default: letter for en, a4 for ru and ko)

colors:                               # "#RRGGBB" or "#RGB", in quotes (# starts a YAML comment)
  primary: "#0F6CBD"                  # required: header, step circles
  secondary: "#0B3A66"                # footer band
  accent: "#F7630C"                   # highlights: the step numbers, the header stripe
  # text: "#242424"
  # background: "#FFFFFF"

fonts:                                # a family name, or {family: NAME, file: fonts/NAME.ttf}
  heading: Noto Sans
  body: Noto Sans

# logo: logos/example.png             # PNG, JPEG or SVG, relative to this file

links:                                # https://, http://, mailto: or tel: only
{links}

notes:                                # up to 5, shown under "Before your visit"
  - Have your insurance card ready.
  - Join five minutes early to check your camera and microphone.

# text:                               # override any template string; list them with
#   headline: Your virtual visit      #   infokit templates --strings

# template: healthcare                # a built-in design, or the path of your own .pptx

# faq:                                # your answers for the FAQ page (-f html, -f md);
#   payment: Video visits cost the same as visits in person.   # infokit check lists
#   who: false                        # the defaults; false drops a question
""".replace("{links}", _link_lines())
