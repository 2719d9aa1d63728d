"""Platform reference data on majors: the national catalogue (中等职业教育专业目录, versioned) and
each school's list of majors (开设专业) with its history. Several processes read both; none owns
them, so they live here, below the processes, and name none of them."""
