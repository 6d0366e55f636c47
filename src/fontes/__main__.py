from fontes.cli import cli

cli()
