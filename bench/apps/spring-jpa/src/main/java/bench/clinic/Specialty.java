package bench.clinic;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Specialty {
  @Id
  Integer id;

  String name;
}
