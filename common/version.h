/* version.h - the version every pm tool reports. */
#ifndef PM_VERSION_H
#define PM_VERSION_H

#define PM_VERSION "0.1.0"

#endif
