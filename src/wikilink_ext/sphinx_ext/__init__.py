"""The Sphinx glue: parser, renderer, embeds, nodes, domain, transforms, events, config."""
