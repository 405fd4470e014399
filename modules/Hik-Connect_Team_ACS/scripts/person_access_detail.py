#!/usr/bin/env python3
"""Where a person's access levels were applied, and what failed
(POST /api/hccgw/acspm/v1/maintain/overview/person/{id}/elementdetail).

Output: data.elementDetailList[] (ElementDetail: id, name, type 0 door / 1 device,
elementStatus {status 0 applied / 1 to be applied / 2 applying failed / 3 deleting failed,
errorCode}, certificateStatusList[] per credential), data.failedCount. By default the
platform returns only the failures; --return-success lists every door/device. The person is
--person-id ID or --person NAME (exactly one must match; data.resolved says which). Records
are brief by default (id, name, type, elementStatus); --detail full adds
certificateStatusList, --csv/--output write a file.

Examples:
  person_access_detail.py --person "ana silva"
  person_access_detail.py --person-id 379224379437087745
  person_access_detail.py --person-id 379224379437087745 --return-success --format table
"""

import os
import sys

_root = os.path.dirname(os.path.abspath(__file__))
while not os.path.isfile(os.path.join(_root, "lib", "token_manager.py")) and _root != "/":
    _root = os.path.dirname(_root)  # path search: walk up to the pack's root
sys.path.insert(0, os.path.join(_root, "lib"))

from hct import acs, cli, records


def main() -> None:
    parser = cli.parser(__doc__)
    acs.add_person_arguments(parser, repeatable=False)
    parser.add_argument("--return-success", action="store_true",
                        help="also list where it was applied successfully")
    records.add_options(parser, acs.ELEMENT_BRIEF)
    cli.run(parser, lambda args, client: acs.person_access_detail(client, args))


if __name__ == "__main__":
    main()
