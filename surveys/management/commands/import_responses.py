"""python manage.py import_responses FILE --organization SLUG [--dry-run]

The same checks and the same import as the upload page: errors are printed per line to
stderr with a non-zero exit and nothing saved; otherwise the rows are imported, 500 at a
time, with a progress bar on stdout. An import that stops half-way says so; running the
command again adds the rest (the rows already saved are recognised).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from surveys.choices import JobStatus
from surveys.imports import files as import_files
from surveys.imports import services as import_services
from surveys.models import ImportBatch

BAR_WIDTH = 30


def _line(error: dict) -> str:
    where = f"line {error['line']}" if error["line"] else "file"
    field = f", {error['field']}" if error["field"] else ""
    if error.get("value"):
        field += f" “{error['value']}”"
    return f"{where}{field}: {error['message']}"


class Command(BaseCommand):
    help = "Check a CSV file of responses and import it (nothing is saved if it has errors)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, comma or semicolon separated")
        parser.add_argument(
            "--organization", required=True, help="slug of the organization to import into"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file only, save nothing"
        )

    def handle(self, *args, file: str, organization: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        if path.stat().st_size > import_files.MAX_FILE_BYTES:
            # The page's limit protects a web request; here only memory matters.
            self.stderr.write(f"{file} is larger than the upload limit; checking it anyway.")
        org = Organization.objects.filter(slug=organization).first()
        if org is None:
            raise CommandError(f"No organization with the slug “{organization}”.")
        try:
            checked = import_files.check_file(organization=org, data=path.read_bytes())
        except import_files.ImportFileError as error:
            raise CommandError(error.message) from None
        if checked.errors:
            for error in checked.errors:
                self.stderr.write(_line(error))
            raise CommandError(
                f"{len(checked.errors):,} errors in {file}: nothing was imported. "
                "Fix the lines above and run the command again."
            )
        total = checked.total_rows
        if dry_run:
            self.stdout.write(
                f"{file}: {total:,} rows, no errors; {checked.duplicates:,} already present. "
                "Dry run: nothing was imported."
            )
            return
        batch = ImportBatch.objects.create(
            organization=org,
            file_name=path.name[:200],
            content=checked.content,
            content_hash=checked.content_hash,
            status=JobStatus.QUEUED,
            total_rows=total,
        )
        self._bar(0, total)
        import_services.run_import(batch_id=batch.pk, progress=self._bar)
        batch.refresh_from_db()
        if batch.status == JobStatus.INTERRUPTED:
            for error in batch.errors:
                self.stderr.write(_line(error))
            raise CommandError(
                f"The import stopped after {batch.processed_rows:,} of {total:,} rows: "
                f"{batch.last_error} Run the command again to add the rest: the rows already "
                "saved are recognised and skipped."
            )
        if batch.status != JobStatus.DONE:
            for error in batch.errors:
                self.stderr.write(_line(error))
            raise CommandError("The import failed: nothing was imported.")
        self.stdout.write(
            f"Imported {batch.processed_rows:,} of {total:,} rows: "
            f"{batch.created_count:,} new, {batch.duplicate_count:,} already present."
        )

    def _bar(self, processed: int, total: int) -> None:
        filled = round(BAR_WIDTH * processed / total) if total else BAR_WIDTH
        percent = round(100 * processed / total) if total else 100
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        # On a terminal the bar redraws in place; in a log each step is a line.
        ending = "\r" if self.stdout.isatty() else "\n"
        self.stdout.write(f"[{bar}] {percent:3d}% {processed:,} of {total:,} rows", ending=ending)
        if ending == "\r" and processed >= total:
            self.stdout.write("")
