"""The commented starter brand file written by ``infokit init``; it validates as is."""

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
  booking: https://example.com/book   # required: becomes the QR code too
  # booking:                          # a long address, printed as a short one that forwards to it
  #   url: https://outlook.office365.com/book/Example@example.onmicrosoft.com/
  #   label: example.com/book         # on your own site (home:); the click and QR code keep the full address
  # reschedule: https://example.com/cancel
  # billing: https://example.com/billing
  # help: https://example.com/help
  # home: https://example.com
  # phone: tel:+1-555-0100
  # email: mailto:care@example.com

notes:                                # up to 5, shown under "Before your visit"
  - Have your insurance card ready.
  - Join five minutes early to check your camera and microphone.

# text:                               # override any template string; list them with
#   headline: Your virtual visit      #   infokit templates --strings

# template: healthcare                # a built-in design, or the path of your own .pptx

# faq:                                # your answers for the FAQ page (-f html, -f md);
#   payment: Video visits cost the same as visits in person.   # infokit check lists
#   who: false                        # the defaults; false drops a question
"""
