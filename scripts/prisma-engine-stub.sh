#!/bin/sh
echo "stub: the Prisma schema engine is not used by prisma generate" >&2
exit 1
