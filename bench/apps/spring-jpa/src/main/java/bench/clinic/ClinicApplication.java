package bench.clinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The PetClinic's shape on Spring Boot MVC + Spring Data JPA + H2: owners, their pets and the pets' visits, vets and
 * their specialties; JSON endpoints that read (joins, a query by name) and write (new owners, new visits).
 */
@SpringBootApplication
public class ClinicApplication {

  public static void main(String[] args) {
    SpringApplication.run(ClinicApplication.class, args);
  }
}
